"""Streamlit screens of the Jinyun command hall."""
