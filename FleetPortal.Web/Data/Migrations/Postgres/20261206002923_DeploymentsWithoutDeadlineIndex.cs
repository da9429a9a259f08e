using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FleetPortal.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeploymentsWithoutDeadlineIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_Deadline",
                table: "Deployments");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Deadline",
                table: "Deployments",
                column: "Deadline");
        }
    }
}
