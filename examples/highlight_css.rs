//! Writes the default theme's `highlight.css` (the stylesheet of the highlighter's `hl-`
//! classes): `cargo run --example highlight_css`. A unit test keeps it in step.

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/brochure/static/highlight.css"
    );
    std::fs::write(path, brochure::markdown::highlight::stylesheet())
        .expect("writing the stylesheet");
    println!("wrote {path}");
}
