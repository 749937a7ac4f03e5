"""The catalogue domain: load, check, compile and query district catalogues. No web in here."""
from .catalog import Catalog, CatalogError, check_files, load_catalog
from .model import AccessPoint, Audience, Category, Comune, District, Emergency, Service, Text
from .source import Problem

__all__ = ["Catalog", "CatalogError", "check_files", "load_catalog", "AccessPoint", "Audience",
           "Category", "Comune", "District", "Emergency", "Service", "Text", "Problem"]
