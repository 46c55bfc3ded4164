"""FastAPI: jsonpickle.decode of the raw request body; vulnerable."""
import jsonpickle
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/restore")
async def restore(request: Request):
    obj = jsonpickle.decode((await request.body()).decode("utf-8"))
    return {"restored": type(obj).__name__}
