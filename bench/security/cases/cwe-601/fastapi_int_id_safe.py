"""FastAPI: the order id is converted with int() before it is placed in a local redirect path; safe."""
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.post("/checkout")
async def checkout(request: Request):
    form = await request.form()
    order_id = int(form["order_id"])
    return RedirectResponse(f"/orders/{order_id}/receipt", status_code=303)
