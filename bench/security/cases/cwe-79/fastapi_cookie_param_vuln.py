"""FastAPI: a Cookie() parameter placed in an HTML attribute of an HTMLResponse; vulnerable."""
from fastapi import Cookie, FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/")
def index(theme: str = Cookie("light")):
    return HTMLResponse("<html><body class='" + theme + "'><p>Hi</p></body></html>")
