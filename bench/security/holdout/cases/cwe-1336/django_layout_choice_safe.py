"""Django: layout key only selects one of several constant template sources from a dict; safe."""
from django.http import HttpResponse
from django.template import engines

LAYOUTS = {
    "compact": "<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>",
    "table": "<table>{% for i in items %}<tr><td>{{ i }}</td></tr>{% endfor %}</table>",
}


def items(request):
    source = LAYOUTS.get(request.GET.get("layout", "compact"), LAYOUTS["compact"])
    tpl = engines["django"].from_string(source)
    return HttpResponse(tpl.render({"items": request.GET.getlist("item")}))
