"""`tipline desk ui`: the desk in a local browser, on 127.0.0.1 only, under the offline guard."""
