"""Upstream-systems simulator for the 缙云县 command hall: every upstream system over HTTP on loopback."""
