"""FastAPI: the query value only chooses between two constant themes; safe."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.get("/theme")
def theme(request: Request, choice: str = "light"):
    request.session["theme"] = "dark" if choice == "dark" else "light"
    return {"theme": request.session["theme"]}
