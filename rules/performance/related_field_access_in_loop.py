"""PERF013: a relation read on each row of a queryset loop without select/prefetch_related."""

from __future__ import annotations

from auditor.analysis.django_models import DjangoModelsCollector, Model, models_by_name
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_SINGLE = frozenset({"ForeignKey", "OneToOneField", "ParentalKey", "TreeForeignKey"})
_MANY = frozenset({"ManyToManyField"})


def _accessors(models: dict[str, Model]) -> dict[str, dict[str, str]]:
    """model name -> {attribute: "select_related" | "prefetch_related"} for its relations,
    forward (its own ForeignKey/ManyToMany fields) and reverse (other models' fields
    pointing at it: `related_name` or `<model>_set`)."""
    out: dict[str, dict[str, str]] = {name: {} for name in models}
    for name, model in models.items():
        for field, info in model.fields.items():
            if info["type"] in _SINGLE:
                out[name][field] = "select_related"
            elif info["type"] in _MANY:
                out[name][field] = "prefetch_related"
            else:
                continue
            target = info["target"]
            if target in out and info["related_name"] != "+":
                reverse = info["related_name"] or f"{name.lower()}_set"
                out[target].setdefault(reverse, "prefetch_related")
    return out


class RelatedFieldAccessInLoop(ProjectRule):
    id = "PERF013"
    title = "Related object loaded per row in a queryset loop (N+1)"
    category = Category.PERFORMANCE
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    effort = 15
    tags = ("database", "django", "n-plus-one")
    needs = (DjangoModelsCollector,)
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/models/querysets/#select-related",
        "https://docs.djangoproject.com/en/stable/ref/models/querysets/#prefetch-related",
        "https://docs.djangoproject.com/en/stable/topics/db/optimization/#retrieve-everything-at-once-if-you-know-you-will-need-it",
    )
    why = """
        Reading a ForeignKey (`order.customer`) or a reverse/many-to-many manager
        (`order.items.all()`) on a row that was loaded without `select_related` /
        `prefetch_related` runs one more query for that row. In a loop over a queryset
        that is 1 + N queries: 501 round trips for a page of 500 orders. The page gets
        slower in proportion to the data and the database is flooded with identical tiny
        queries. The relation is known from the repository's model definitions.
    """
    fix = """
        Load the relation with the queryset: `.select_related("customer")` for ForeignKey and
        one-to-one fields (a JOIN), `.prefetch_related("items")` for reverse and
        many-to-many relations (one extra query for all rows).
    """
    example = Example(
        before="""
            # file: shop/models.py
            from django.db import models

            class Customer(models.Model):
                name = models.CharField(max_length=100)

            class Order(models.Model):
                customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

            # file: shop/views.py
            from shop.models import Order

            def names(request):
                out = []
                for order in Order.objects.filter(customer__isnull=False):
                    out.append(order.customer.name)
                return out
        """,
        after="""
            # file: shop/models.py
            from django.db import models

            class Customer(models.Model):
                name = models.CharField(max_length=100)

            class Order(models.Model):
                customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

            # file: shop/views.py
            from shop.models import Order

            def names(request):
                out = []
                for order in Order.objects.filter(customer__isnull=False).select_related("customer"):
                    out.append(order.customer.name)
                return out
        """,
    )
    VALID = [
        """
        # file: shop/models.py
        from django.db import models
        class Customer(models.Model):
            name = models.CharField(max_length=100)
        class Order(models.Model):
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
            number = models.CharField(max_length=10)
        # file: shop/views.py
        from shop.models import Customer, Order
        def names(request):
            for order in Order.objects.select_related("customer"):
                print(order.customer.name, order.customer_id, order.number)
            for customer in Customer.objects.prefetch_related("order_set"):
                print(customer.order_set.count())
            for order in Order.objects.values("customer__name"):
                print(order)
        """,
    ]
    INVALID = [
        """
        # file: shop/models.py
        from django.db import models
        class Customer(models.Model):
            name = models.CharField(max_length=100)
        class Tag(models.Model):
            label = models.CharField(max_length=20)
        class Order(models.Model):
            customer = models.ForeignKey("shop.Customer", related_name="orders", on_delete=models.CASCADE)
            tags = models.ManyToManyField(Tag)
        # file: shop/views.py
        from shop.models import Customer, Order
        def report(request):
            for order in Order.objects.filter(number="1"):
                print(order.customer.name)  # expect
                print([t.label for t in order.tags.all()])  # expect
            for customer in Customer.objects.all():
                print(customer.orders.count())  # expect
            return {o.pk: o.customer for o in Order.objects.all()}  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        models = models_by_name(project)
        accessors = _accessors(models)
        for relpath, data in sorted(project.facts(DjangoModelsCollector.key).items()):
            for loop in data["loops"]:
                relations = accessors.get(loop["model"], {})
                for attr, line in sorted(loop["reads"].items(), key=lambda item: item[1]):
                    how = relations.get(attr)
                    if how is None:
                        continue
                    self.report_at(
                        relpath,
                        line,
                        f"{loop['var']}.{attr} runs a query for every {loop['model']} of the loop at line {loop['line']}; "
                        f"add .{how}(\"{attr}\") to the queryset",
                    )
