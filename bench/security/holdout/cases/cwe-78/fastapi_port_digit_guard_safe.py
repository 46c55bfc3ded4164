"""FastAPI: port string rejected unless isdigit() before being appended to a shell pipeline; safe."""
import os

from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/listening")
def listening(port: str):
    if not port.isdigit():
        raise HTTPException(status_code=400, detail="port must be numeric")
    status = os.system("ss -tln | grep -q ':" + port + " '")
    return {"listening": status == 0}
