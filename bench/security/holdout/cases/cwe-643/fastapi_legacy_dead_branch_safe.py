"""FastAPI: string-built xpath under a module constant False; the live branch binds the tag as $tag; safe."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
TREE = etree.parse("/srv/data/posts.xml")
LEGACY_XPATH = False


@app.get("/posts/by-tag")
def by_tag(tag: str):
    if LEGACY_XPATH:
        nodes = TREE.xpath("//post[tag='" + tag + "']/@id")
    else:
        nodes = TREE.xpath("//post[tag=$tag]/@id", tag=tag)
    return {"ids": [str(n) for n in nodes]}
