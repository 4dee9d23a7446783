"""Backends: one package per target, each with an emitter, a reader and its capabilities."""
