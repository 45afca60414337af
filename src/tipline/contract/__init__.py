"""The API's JSON records, defined once: the server serialises them, the OpenAPI document is
generated from them and the desk parses them strictly. Pure: standard library only."""
