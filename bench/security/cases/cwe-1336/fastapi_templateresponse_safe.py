"""FastAPI: Jinja2Templates.TemplateResponse with a file template and the Request value as context; safe."""
from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI()
templates = Jinja2Templates(directory="templates")


@app.get("/profile")
async def profile(request: Request):
    nickname = request.query_params.get("nick", "")
    return templates.TemplateResponse(request, "profile.html", {"nick": nickname})
