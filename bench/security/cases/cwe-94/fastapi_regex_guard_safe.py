"""FastAPI: the expression must fully match digits, + - and parentheses (else 400) before eval(); safe."""
import re

from fastapi import FastAPI, HTTPException

app = FastAPI()
ARITH = re.compile(r"[0-9+\- ()]{1,64}")


@app.get("/add")
def add(expr: str):
    if not ARITH.fullmatch(expr):
        raise HTTPException(status_code=400, detail="digits, + and - only")
    return {"value": eval(expr, {"__builtins__": {}})}
