"""FastAPI: the target always starts with the local prefix /docs/, so the host cannot change; safe."""
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/d/{slug}")
def short_doc_link(slug: str):
    return RedirectResponse(f"/docs/{slug}", status_code=301)
