"""FastAPI: raw body stored in a dict and read back by key into yaml.unsafe_load; vulnerable."""
import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/pipelines")
async def create_pipeline(request: Request):
    docs = {"spec": (await request.body()).decode(), "source": "api"}
    spec = yaml.unsafe_load(docs["spec"])
    return {"stages": len(spec.get("stages", [])) if isinstance(spec, dict) else 0}
