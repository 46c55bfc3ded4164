"""FastAPI: constant compiled expression evaluated with the request value bound as a variable, not as code; safe."""
from fastapi import FastAPI

app = FastAPI()
WORD_COUNT = compile("len(text.split())", "<word_count>", "eval")


@app.post("/words")
def words(text: str):
    count = eval(WORD_COUNT, {"__builtins__": {"len": len}}, {"text": text})
    return {"words": count}
