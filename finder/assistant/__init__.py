"""The assistant: understands what people write and leads them to a service and a door."""
