"""The local replica portal: a data-driven fake government site for crawler tests and the demo."""
