"""FastAPI: an UploadFile's stream passed to pickle.load; vulnerable."""
import pickle

from fastapi import FastAPI, File, UploadFile

app = FastAPI()


@app.post("/snapshots")
def restore_snapshot(snapshot: UploadFile = File(...)):
    state = pickle.load(snapshot.file)
    return {"entries": len(state)}
