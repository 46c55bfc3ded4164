"""FastAPI: a name normalised with strip().lower() still carries ../ into Path.unlink; vulnerable."""
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
AVATARS = Path("/srv/avatars")


@app.delete("/avatars")
def delete_avatar(name: str):
    target = Path(AVATARS, name.strip().lower())
    target.unlink(missing_ok=True)
    return {"deleted": target.name}
