"""FastAPI: service name joined into the authority of a health URL, so 169.254.169.254/latest# redirects the fetch; vulnerable."""
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/health/{service}")
def health(service: str):
    url = "".join(["http://", service, ":8080/health"])
    r = requests.get(url, timeout=3)
    return {"service": service, "status": r.status_code, "body": r.text[:500]}
