"""Stage 3, the model: Biểu tables, roll-ups and plan values as readers see them; what every renderer consumes."""
