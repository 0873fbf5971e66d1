"""Reading `content/`: Markdown term files with YAML front matter -> typed records, every problem located."""
