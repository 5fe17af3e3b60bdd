"""Rendering: folium elements over Leaflet, and the pages built from them."""
