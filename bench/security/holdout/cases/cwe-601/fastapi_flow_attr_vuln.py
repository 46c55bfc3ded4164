"""FastAPI: checkout flow object keeps the return_to query parameter and returns a RedirectResponse to it; vulnerable."""
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


class CheckoutFlow:
    def __init__(self, return_to):
        self.return_to = return_to

    def done(self):
        return RedirectResponse(url=self.return_to, status_code=303)


@app.get("/checkout/complete")
def complete(return_to: str = "/orders"):
    flow = CheckoutFlow(return_to)
    return flow.done()
