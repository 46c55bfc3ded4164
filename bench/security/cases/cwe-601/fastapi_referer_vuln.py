"""FastAPI: redirects "back" to the Referer header, which the attacker's page controls; vulnerable."""
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.post("/cart/add")
async def add_to_cart(request: Request):
    back = request.headers.get("referer", "/")
    return RedirectResponse(back, status_code=303)
