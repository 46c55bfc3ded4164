"""FastAPI: region parameter placed in the host of an f-string URL, so evil.com/# takes over the redirect; vulnerable."""
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/region")
def pick_region(region: str = "eu", page: str = "home"):
    url = f"https://{region}.example.com"
    url += f"/{page}"
    return RedirectResponse(url)
