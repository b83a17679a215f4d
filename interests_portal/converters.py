from django.urls import register_converter


class GraphIdConverter:
    """Graph object ids in the portal's URLs: letters, digits, '-', '_', '='; nothing that could name another path."""

    regex = r"[A-Za-z0-9][A-Za-z0-9_=-]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(GraphIdConverter, "graph_id")
