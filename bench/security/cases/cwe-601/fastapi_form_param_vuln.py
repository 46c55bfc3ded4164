"""FastAPI: a Form() return_url used as the RedirectResponse target; vulnerable."""
from fastapi import FastAPI, Form
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.post("/subscribe")
def subscribe(email: str = Form(...), return_url: str = Form("/")):
    return RedirectResponse(return_url, status_code=303)
