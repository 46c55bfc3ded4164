"""FastAPI: a Form() field stripped, compiled and exec()ed as a notebook cell; vulnerable."""
from fastapi import FastAPI, Form

app = FastAPI()


@app.post("/cells/run")
def run_cell(source: str = Form(...)):
    code = compile(source.strip(), "<cell>", "exec")
    scope = {}
    exec(code, scope)
    return {"vars": sorted(k for k in scope if not k.startswith("__"))}
