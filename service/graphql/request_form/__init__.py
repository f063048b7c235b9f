"""The request form: its inputs and types, and amendTasking."""
