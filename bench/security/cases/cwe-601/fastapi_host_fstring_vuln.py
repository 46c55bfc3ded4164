"""FastAPI: a subdomain parameter forms the host of the redirect URL (`evil.test/#` takes it over); vulnerable."""
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/workspace/{slug}")
def workspace(slug: str):
    return RedirectResponse(f"https://{slug}.example.com/dashboard")
