"""FastAPI: RedirectResponse to a str query parameter; vulnerable."""
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/out")
def outbound(next: str = "/"):
    return RedirectResponse(url=next, status_code=302)
