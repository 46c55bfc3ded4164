"""FastAPI: a {file_path:path} parameter put into a FileResponse path; vulnerable."""
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/static/{file_path:path}")
def static_file(file_path: str):
    return FileResponse(f"/srv/static/{file_path}")
