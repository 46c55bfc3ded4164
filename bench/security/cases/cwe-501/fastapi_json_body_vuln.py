"""FastAPI: fields of await request.json() stored in the session; vulnerable."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.post("/cart")
async def set_cart(request: Request):
    body = await request.json()
    request.session["cart"] = body.get("items", [])
    request.session["price_override"] = body.get("price")
    return {"items": len(request.session["cart"])}
