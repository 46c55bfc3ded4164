"""FastAPI: a query parameter parsed with ast.literal_eval, not eval; safe."""
import ast

from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/point")
def point(coords: str):
    try:
        x, y = ast.literal_eval(coords)
    except (ValueError, SyntaxError):
        raise HTTPException(status_code=400, detail="expected a tuple")
    return {"x": x, "y": y}
