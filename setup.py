"""Packaging glue that pyproject.toml cannot express: the top-level models/ registry ships
inside the wheel as the `summarise._models` package (read by summarise.registry)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["summarise", "summarise.*"]), "summarise._models"],
    package_dir={"summarise._models": "models"},
)
