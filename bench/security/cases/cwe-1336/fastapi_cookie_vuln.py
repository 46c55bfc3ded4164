"""FastAPI: a Cookie() signature concatenated into a jinja2 Template source; vulnerable."""
from fastapi import Cookie, FastAPI
from jinja2 import Template

app = FastAPI()


@app.get("/mail/draft")
def draft(signature: str = Cookie("")):
    return {"text": Template("Hello {{ name }},\n\n-- \n" + signature).render(name="Ada")}
