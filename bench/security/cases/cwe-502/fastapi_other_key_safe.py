"""FastAPI: a dict keeps the uploaded bytes and a server blob; pickle.loads reads the server key; safe."""
import pickle

from fastapi import FastAPI, File, UploadFile

app = FastAPI()
TEMPLATE = pickle.dumps({"columns": ["id", "name"]})


@app.post("/import")
async def import_csv(upload: UploadFile = File(...)):
    parts = {"user": await upload.read(), "template": TEMPLATE}
    template = pickle.loads(parts["template"])
    lines = parts["user"].decode().splitlines()
    return {"columns": template["columns"], "rows": len(lines)}
