// A merchant's test imports this module alone: the engine's configuration and JSON types come with it.
@_exported import KraviaEngine
