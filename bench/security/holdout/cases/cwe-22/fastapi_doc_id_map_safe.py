"""FastAPI: document id only selects a path from a constant mapping after a membership check; safe."""
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
DOCUMENTS = {
    "terms": "/srv/legal/terms.pdf",
    "privacy": "/srv/legal/privacy.pdf",
}


@app.get("/legal/{doc_id}")
def legal(doc_id: str):
    if doc_id not in DOCUMENTS:
        raise HTTPException(status_code=404)
    return FileResponse(DOCUMENTS[doc_id])
