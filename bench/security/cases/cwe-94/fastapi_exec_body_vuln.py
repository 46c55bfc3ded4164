"""FastAPI: a script string from the request body exec()ed; vulnerable."""
from fastapi import Body, FastAPI

app = FastAPI()


@app.post("/scripts")
def run_script(script: str = Body(..., embed=True)):
    env = {"output": []}
    exec(script, env)
    return {"output": env["output"]}
