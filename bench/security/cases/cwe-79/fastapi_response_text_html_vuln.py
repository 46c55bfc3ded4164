"""FastAPI: a path parameter in a Response with media_type text/html; vulnerable."""
from fastapi import FastAPI, Response

app = FastAPI()


@app.get("/tags/{tag}")
def tag_page(tag: str):
    body = "<title>Tag</title><p>Posts tagged " + tag + "</p>"
    return Response(content=body, media_type="text/html")
