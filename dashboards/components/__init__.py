"""Building blocks shared by every screen: theme, panels, tiles, maps, charts."""
