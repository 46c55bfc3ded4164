"""FastAPI: a helper builds a subject-line template from a header value; vulnerable."""
from fastapi import FastAPI, Request
from jinja2 import Template

app = FastAPI()


def subject_line(prefix: str) -> str:
    return Template(prefix + " - {{ count }} new messages").render(count=3)


@app.get("/digest")
async def digest(request: Request):
    return {"subject": subject_line(request.headers.get("x-subject-prefix", "Digest"))}
