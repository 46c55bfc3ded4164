"""FastAPI: an HTML-looking string is returned inside a JSON object (application/json), not as HTML; safe."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/preview")
def preview(q: str = ""):
    return {"snippet": f"<p>{q}</p>", "length": len(q)}
