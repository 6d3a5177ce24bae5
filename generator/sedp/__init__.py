"""sedp: commune socio-economic development plans kept as validated YAML."""

__version__ = "0.1.0"
