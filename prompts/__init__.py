"""Every prompt of the assistant, one Markdown file each; shipped as package data, read by ``assistant.prompts``."""
