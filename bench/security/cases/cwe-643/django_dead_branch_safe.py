"""Django: the concatenated XPath is in a constant-false branch; the live one uses a variable; safe."""
from django.http import HttpResponse
from lxml import etree

BOOKS = etree.parse("/srv/data/books.xml")


def books_by(request, author):
    if 7 * 3 > 200:
        titles = BOOKS.xpath("//book[author='" + author + "']/title/text()")
    else:
        titles = BOOKS.xpath("//book[author=$a]/title/text()", a=author)
    return HttpResponse("\n".join(titles), content_type="text/plain")
