"""FastAPI: the page number from Request.path_params is converted with int() before the path is built; safe."""
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/manual/{page}")
async def manual(request: Request):
    page = int(request.path_params["page"])
    with open(f"/srv/manual/page-{page}.txt", encoding="utf-8") as fh:
        return PlainTextResponse(fh.read())
