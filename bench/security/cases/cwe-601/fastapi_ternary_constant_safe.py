"""FastAPI: the request value only chooses between two constant paths; safe."""
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/home")
async def home(request: Request):
    role = request.cookies.get("role", "user")
    target = "/admin/" if role == "admin" else "/app/"
    return RedirectResponse(target)
